CREATE TABLE "consents" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"notice_version" text NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consents_status_known" CHECK ("consents"."status" in ('taking_part', 'paused'))
);
--> statement-breakpoint
CREATE TABLE "email_sign_ins" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"return_to" text DEFAULT '/' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"team_id" uuid,
	"role" text DEFAULT 'member' NOT NULL,
	"kind" text NOT NULL,
	"email" text,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invitations_email_matches_kind" CHECK (("invitations"."kind" = 'email') = ("invitations"."email" is not null))
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_org_id_person_id_pk" PRIMARY KEY("org_id","person_id"),
	CONSTRAINT "memberships_role_known" CHECK ("memberships"."role" in ('member', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_identities" (
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_in_identities_provider_subject_pk" PRIMARY KEY("provider","subject")
);
--> statement-breakpoint
CREATE TABLE "slack_sign_ins" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"code_verifier" text NOT NULL,
	"nonce" text NOT NULL,
	"return_to" text DEFAULT '/' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_person_id_pk" PRIMARY KEY("team_id","person_id"),
	CONSTRAINT "team_members_role_known" CHECK ("team_members"."role" in ('member', 'lead'))
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_in_org" UNIQUE("org_id","name"),
	CONSTRAINT "teams_id_org" UNIQUE("id","org_id")
);
--> statement-breakpoint
CREATE TABLE "monthly_activity" (
	"org_id" uuid NOT NULL,
	"month" text NOT NULL,
	"subject" text NOT NULL,
	"quest" boolean DEFAULT false NOT NULL,
	"coach" boolean DEFAULT false NOT NULL,
	"ledger" boolean DEFAULT false NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone,
	CONSTRAINT "monthly_activity_org_id_month_subject_pk" PRIMARY KEY("org_id","month","subject"),
	CONSTRAINT "monthly_activity_month_format" CHECK ("monthly_activity"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "org_subscriptions" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"status" text,
	"status_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_subscriptions_stripe_customer_id_unique" UNIQUE("stripe_customer_id"),
	CONSTRAINT "org_subscriptions_stripe_subscription_id_unique" UNIQUE("stripe_subscription_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_commitments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_person_id" uuid,
	"owner_name" text NOT NULL,
	"due_on" date NOT NULL,
	"trade_off_id" uuid,
	"item_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"close_note" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_commitments_status_known" CHECK ("ledger_commitments"."status" in ('open', 'honoured', 'dropped')),
	CONSTRAINT "ledger_commitments_closed_when_done" CHECK (("ledger_commitments"."status" = 'open') = ("ledger_commitments"."closed_at" is null))
);
--> statement-breakpoint
CREATE TABLE "ledger_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"external_key" text,
	"source" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"points" integer,
	"rice" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ice" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"wsjf" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"debt" jsonb,
	"risks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_items_kind_known" CHECK ("ledger_items"."kind" in ('feature', 'debt')),
	CONSTRAINT "ledger_items_status_known" CHECK ("ledger_items"."status" in ('open', 'done', 'dropped')),
	CONSTRAINT "ledger_items_source_known" CHECK ("ledger_items"."source" in ('manual', 'jira', 'linear')),
	CONSTRAINT "ledger_items_points_range" CHECK ("ledger_items"."points" is null or ("ledger_items"."points" >= 0 and "ledger_items"."points" <= 1000))
);
--> statement-breakpoint
CREATE TABLE "ledger_settings" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"method" text NOT NULL,
	"ice_rule" text NOT NULL,
	"sprints_per_quarter" double precision NOT NULL,
	"hours_per_person_month" double precision NOT NULL,
	"loaded_hourly_cost" double precision NOT NULL,
	"value_per_reach_impact" double precision NOT NULL,
	"ice_impact_ten_at" double precision NOT NULL,
	"wsjf_twenty_at" double precision NOT NULL,
	"quality_share" double precision NOT NULL,
	"quality_window" integer NOT NULL,
	"due_soon_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_settings_method_known" CHECK ("ledger_settings"."method" in ('rice', 'ice', 'wsjf')),
	CONSTRAINT "ledger_settings_ice_rule_known" CHECK ("ledger_settings"."ice_rule" in ('average', 'product')),
	CONSTRAINT "ledger_settings_quality_share_range" CHECK ("ledger_settings"."quality_share" >= 0 and "ledger_settings"."quality_share" <= 1)
);
--> statement-breakpoint
CREATE TABLE "ledger_renegotiations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"commitment_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"previous_due_on" date NOT NULL,
	"new_due_on" date NOT NULL,
	"reason" text NOT NULL,
	"agreed_by" jsonb NOT NULL,
	"recorded_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_sprint_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sprint_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"add_reason" text,
	"added_by" uuid NOT NULL,
	"removed_at" timestamp with time zone,
	"remove_reason" text,
	"removed_by" uuid,
	CONSTRAINT "ledger_sprint_entries_points_range" CHECK ("ledger_sprint_entries"."points" >= 0 and "ledger_sprint_entries"."points" <= 1000)
);
--> statement-breakpoint
CREATE TABLE "ledger_sprints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"capacity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_sprints_name" UNIQUE("team_id","name"),
	CONSTRAINT "ledger_sprints_dates_ordered" CHECK ("ledger_sprints"."ends_on" >= "ledger_sprints"."starts_on"),
	CONSTRAINT "ledger_sprints_capacity_positive" CHECK ("ledger_sprints"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_trade_off_sign_offs" (
	"trade_off_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_trade_off_sign_offs_trade_off_id_person_id_pk" PRIMARY KEY("trade_off_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_trade_offs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"content" jsonb NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"supersedes" uuid,
	"superseded_by" uuid,
	"created_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_trade_offs_number" UNIQUE("team_id","number"),
	CONSTRAINT "ledger_trade_offs_status_known" CHECK ("ledger_trade_offs"."status" in ('draft', 'proposed', 'accepted', 'superseded')),
	CONSTRAINT "ledger_trade_offs_decided_after_written" CHECK ("ledger_trade_offs"."status" in ('draft', 'proposed') or ("ledger_trade_offs"."decided_at" is not null and "ledger_trade_offs"."decided_at" >= "ledger_trade_offs"."written_at"))
);
--> statement-breakpoint
CREATE TABLE "ledger_trust_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_trust_events_kind_known" CHECK ("ledger_trust_events"."kind" in ('scope_change_without_discussion', 'deadline_imposed_without_engineering', 'dismissed_concern_caused_incident', 'commitment_dropped', 'commitment_renegotiated', 'commitment_honoured', 'trade_off_documented_before_decision', 'engineering_in_discovery', 'break_acknowledged'))
);
--> statement-breakpoint
CREATE TABLE "coach_debriefs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"quest_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	CONSTRAINT "coach_debriefs_person_quest" UNIQUE("person_id","quest_id"),
	CONSTRAINT "coach_debriefs_key_id_present" CHECK (length("coach_debriefs"."key_id") > 0)
);
--> statement-breakpoint
CREATE TABLE "coach_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coach_signals" (
	"person_id" uuid NOT NULL,
	"quest_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coach_signals_person_id_quest_id_pk" PRIMARY KEY("person_id","quest_id")
);
--> statement-breakpoint
ALTER TABLE "quests" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_people_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_people_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_identities" ADD CONSTRAINT "sign_in_identities_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_fk" FOREIGN KEY ("team_id","org_id") REFERENCES "public"."teams"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_membership_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."memberships"("org_id","person_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_activity" ADD CONSTRAINT "monthly_activity_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_subscriptions" ADD CONSTRAINT "org_subscriptions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_commitments" ADD CONSTRAINT "ledger_commitments_trade_off_id_ledger_trade_offs_id_fk" FOREIGN KEY ("trade_off_id") REFERENCES "public"."ledger_trade_offs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_commitments" ADD CONSTRAINT "ledger_commitments_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_renegotiations" ADD CONSTRAINT "ledger_renegotiations_commitment_id_ledger_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."ledger_commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_sprint_entries" ADD CONSTRAINT "ledger_sprint_entries_sprint_id_ledger_sprints_id_fk" FOREIGN KEY ("sprint_id") REFERENCES "public"."ledger_sprints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_sprint_entries" ADD CONSTRAINT "ledger_sprint_entries_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_trade_off_sign_offs" ADD CONSTRAINT "ledger_trade_off_sign_offs_trade_off_id_ledger_trade_offs_id_fk" FOREIGN KEY ("trade_off_id") REFERENCES "public"."ledger_trade_offs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_trade_offs" ADD CONSTRAINT "ledger_trade_offs_supersedes_ledger_trade_offs_id_fk" FOREIGN KEY ("supersedes") REFERENCES "public"."ledger_trade_offs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_trade_offs" ADD CONSTRAINT "ledger_trade_offs_superseded_by_ledger_trade_offs_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."ledger_trade_offs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invitations_org" ON "invitations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "memberships_person" ON "memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sessions_person" ON "sessions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sign_in_identities_person" ON "sign_in_identities" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "team_members_person" ON "team_members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "monthly_activity_unreported" ON "monthly_activity" USING btree ("org_id") WHERE "monthly_activity"."reported_at" is null;--> statement-breakpoint
CREATE INDEX "ledger_commitments_team" ON "ledger_commitments" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "ledger_items_team" ON "ledger_items" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_items_external_key" ON "ledger_items" USING btree ("team_id","source","external_key") WHERE "ledger_items"."external_key" is not null;--> statement-breakpoint
CREATE INDEX "ledger_renegotiations_commitment" ON "ledger_renegotiations" USING btree ("commitment_id");--> statement-breakpoint
CREATE INDEX "ledger_sprint_entries_sprint" ON "ledger_sprint_entries" USING btree ("sprint_id");--> statement-breakpoint
CREATE INDEX "ledger_sprint_entries_item" ON "ledger_sprint_entries" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_sprint_entries_active" ON "ledger_sprint_entries" USING btree ("sprint_id","item_id") WHERE "ledger_sprint_entries"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "ledger_trust_events_team" ON "ledger_trust_events" USING btree ("team_id","at");--> statement-breakpoint
CREATE INDEX "coach_debriefs_person" ON "coach_debriefs" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "coach_questions_person" ON "coach_questions" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "coach_signals_person" ON "coach_signals" USING btree ("person_id","created_at");--> statement-breakpoint
ALTER TABLE "quests" ADD CONSTRAINT "quests_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;
CREATE TABLE "slack_deliveries" (
	"event_id" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_home_visits" (
	"team_id" text NOT NULL,
	"slack_user" text NOT NULL,
	"welcomed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "slack_home_visits_team_id_slack_user_pk" PRIMARY KEY("team_id","slack_user")
);
--> statement-breakpoint
CREATE TABLE "slack_install_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_installations" (
	"install_key" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"team_id" text,
	"is_enterprise_install" boolean NOT NULL,
	"org_id" uuid NOT NULL,
	"installed_by" uuid,
	"installer_slack_user" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"app_id" text,
	"bot_user_id" text,
	"key_id" text NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slack_installations_key_matches" CHECK (("slack_installations"."is_enterprise_install" and "slack_installations"."install_key" = 'E:' || "slack_installations"."enterprise_id") or (not "slack_installations"."is_enterprise_install" and "slack_installations"."install_key" = 'T:' || "slack_installations"."team_id"))
);
--> statement-breakpoint
CREATE TABLE "slack_org_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"announcement_channel_id" text,
	"announcement_channel_name" text,
	"insights_audience" text DEFAULT 'leads_and_admins' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "slack_org_settings_audience_known" CHECK ("slack_org_settings"."insights_audience" in ('admins', 'leads_and_admins'))
);
--> statement-breakpoint
CREATE TABLE "slack_workspaces" (
	"team_id" text PRIMARY KEY NOT NULL,
	"install_key" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "slack_install_states" ADD CONSTRAINT "slack_install_states_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_install_states" ADD CONSTRAINT "slack_install_states_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD CONSTRAINT "slack_installations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD CONSTRAINT "slack_installations_installed_by_people_id_fk" FOREIGN KEY ("installed_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_org_settings" ADD CONSTRAINT "slack_org_settings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_org_settings" ADD CONSTRAINT "slack_org_settings_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_workspaces" ADD CONSTRAINT "slack_workspaces_install_key_slack_installations_install_key_fk" FOREIGN KEY ("install_key") REFERENCES "public"."slack_installations"("install_key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "slack_deliveries_received" ON "slack_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "slack_installations_org" ON "slack_installations" USING btree ("org_id");
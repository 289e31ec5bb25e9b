CREATE TABLE "insight_folds" (
	"quest_id" uuid PRIMARY KEY NOT NULL,
	"folded_seq" integer NOT NULL,
	"folded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "insight_folds_seq_not_negative" CHECK ("insight_folds"."folded_seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "insight_org_versions" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_person_quests" (
	"quest_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"team_id" uuid,
	"month" date NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"role" text NOT NULL,
	"people" smallint NOT NULL,
	"quest_turns" integer NOT NULL,
	"facts" jsonb NOT NULL,
	"xp" integer NOT NULL,
	"mask" bigint NOT NULL,
	CONSTRAINT "insight_person_quests_quest_id_person_id_pk" PRIMARY KEY("quest_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "insight_quests" (
	"quest_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"team_id" uuid,
	"month" date NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"people" smallint NOT NULL,
	"events" integer NOT NULL,
	"active_ms" bigint NOT NULL,
	"values" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_strength_shares" (
	"person_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"shared_at" timestamp with time zone NOT NULL,
	CONSTRAINT "insight_strength_shares_person_id_team_id_pk" PRIMARY KEY("person_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "insight_team_months" (
	"org_id" uuid NOT NULL,
	"team_id" uuid,
	"month" date NOT NULL,
	"quests" integer NOT NULL,
	"events" bigint NOT NULL,
	"active_ms" bigint NOT NULL,
	"sums" jsonb NOT NULL,
	"running_quests" integer NOT NULL,
	"running" "bytea" NOT NULL,
	CONSTRAINT "insight_team_months_bucket" UNIQUE NULLS NOT DISTINCT("org_id","team_id","month")
);
--> statement-breakpoint
CREATE TABLE "insight_team_people" (
	"org_id" uuid NOT NULL,
	"team_id" uuid,
	"month" date NOT NULL,
	"person_id" uuid NOT NULL,
	"mask" bigint NOT NULL,
	"quests" integer NOT NULL,
	CONSTRAINT "insight_team_people_bucket" UNIQUE NULLS NOT DISTINCT("org_id","team_id","month","person_id")
);
--> statement-breakpoint
ALTER TABLE "insight_folds" ADD CONSTRAINT "insight_folds_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_org_versions" ADD CONSTRAINT "insight_org_versions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_person_quests" ADD CONSTRAINT "insight_person_quests_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_person_quests" ADD CONSTRAINT "insight_person_quests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_quests" ADD CONSTRAINT "insight_quests_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_quests" ADD CONSTRAINT "insight_quests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_team_months" ADD CONSTRAINT "insight_team_months_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_team_people" ADD CONSTRAINT "insight_team_people_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_person_quests_person" ON "insight_person_quests" USING btree ("person_id","ended_at");--> statement-breakpoint
CREATE INDEX "insight_person_quests_team" ON "insight_person_quests" USING btree ("team_id","ended_at");--> statement-breakpoint
CREATE INDEX "insight_person_quests_org" ON "insight_person_quests" USING btree ("org_id","ended_at");--> statement-breakpoint
CREATE INDEX "insight_quests_org_ended" ON "insight_quests" USING btree ("org_id","ended_at");--> statement-breakpoint
CREATE INDEX "insight_quests_team_ended" ON "insight_quests" USING btree ("team_id","ended_at");--> statement-breakpoint
CREATE INDEX "insight_strength_shares_team" ON "insight_strength_shares" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "insight_team_months_org_month" ON "insight_team_months" USING btree ("org_id","month");--> statement-breakpoint
CREATE INDEX "insight_team_people_org_month" ON "insight_team_people" USING btree ("org_id","month");--> statement-breakpoint
CREATE INDEX "insight_team_people_person" ON "insight_team_people" USING btree ("person_id");
CREATE TABLE "generated_scenarios" (
	"scenario_id" text NOT NULL,
	"scenario_hash" text NOT NULL,
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "generated_scenarios_scenario_id_scenario_hash_pk" PRIMARY KEY("scenario_id","scenario_hash")
);
--> statement-breakpoint
ALTER TABLE "generated_scenarios" ADD CONSTRAINT "generated_scenarios_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;
-- Ledger rows of a team deleted before the foreign key existed belong to nobody: remove them so the key can be added.
DELETE FROM "ledger_sprints" WHERE "team_id" NOT IN (SELECT "id" FROM "teams");--> statement-breakpoint
DELETE FROM "ledger_commitments" WHERE "team_id" NOT IN (SELECT "id" FROM "teams");--> statement-breakpoint
DELETE FROM "ledger_trade_offs" WHERE "team_id" NOT IN (SELECT "id" FROM "teams");--> statement-breakpoint
DELETE FROM "ledger_items" WHERE "team_id" NOT IN (SELECT "id" FROM "teams");--> statement-breakpoint
DELETE FROM "ledger_settings" WHERE "team_id" NOT IN (SELECT "id" FROM "teams");--> statement-breakpoint
DELETE FROM "ledger_trust_events" WHERE "team_id" NOT IN (SELECT "id" FROM "teams");--> statement-breakpoint
CREATE TABLE "ledger_delivered_alerts" (
	"commitment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" date NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_delivered_alerts_commitment_id_kind_due_on_pk" PRIMARY KEY("commitment_id","kind","due_on"),
	CONSTRAINT "ledger_delivered_alerts_kind_known" CHECK ("ledger_delivered_alerts"."kind" in ('due_soon', 'slipping', 'silently_deprioritised'))
);
--> statement-breakpoint
ALTER TABLE "ledger_delivered_alerts" ADD CONSTRAINT "ledger_delivered_alerts_commitment_id_ledger_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."ledger_commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_commitments" ADD CONSTRAINT "ledger_commitments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_settings" ADD CONSTRAINT "ledger_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_sprints" ADD CONSTRAINT "ledger_sprints_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_trade_offs" ADD CONSTRAINT "ledger_trade_offs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_trust_events" ADD CONSTRAINT "ledger_trust_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;
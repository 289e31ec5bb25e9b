ALTER TABLE "slack_org_settings" DROP CONSTRAINT "slack_org_settings_audience_known";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "insights_audience" text DEFAULT 'leads_and_admins' NOT NULL;--> statement-breakpoint
-- Who reads team insights becomes the organisation's setting: keep what each organisation's admins chose in Slack.
UPDATE "organisations" SET "insights_audience" = "slack_org_settings"."insights_audience" FROM "slack_org_settings" WHERE "slack_org_settings"."org_id" = "organisations"."id";--> statement-breakpoint
ALTER TABLE "slack_org_settings" DROP COLUMN "insights_audience";--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_insights_audience_known" CHECK ("organisations"."insights_audience" in ('admins', 'leads_and_admins'));

ALTER TABLE "ledger_commitments" DROP CONSTRAINT "ledger_commitments_trade_off_id_ledger_trade_offs_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_commitments" DROP CONSTRAINT "ledger_commitments_item_id_ledger_items_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_sprint_entries" DROP CONSTRAINT "ledger_sprint_entries_item_id_ledger_items_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_trade_offs" DROP CONSTRAINT "ledger_trade_offs_supersedes_ledger_trade_offs_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_trade_offs" DROP CONSTRAINT "ledger_trade_offs_superseded_by_ledger_trade_offs_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_commitments" ADD CONSTRAINT "ledger_commitments_trade_off_id_ledger_trade_offs_id_fk" FOREIGN KEY ("trade_off_id") REFERENCES "public"."ledger_trade_offs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_commitments" ADD CONSTRAINT "ledger_commitments_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_sprint_entries" ADD CONSTRAINT "ledger_sprint_entries_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_trade_offs" ADD CONSTRAINT "ledger_trade_offs_supersedes_ledger_trade_offs_id_fk" FOREIGN KEY ("supersedes") REFERENCES "public"."ledger_trade_offs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_trade_offs" ADD CONSTRAINT "ledger_trade_offs_superseded_by_ledger_trade_offs_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."ledger_trade_offs"("id") ON DELETE set null ON UPDATE no action;
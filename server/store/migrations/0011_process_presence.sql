CREATE TABLE "process_presence" (
	"quest_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"process_key" integer NOT NULL,
	"connected" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "process_presence_quest_id_player_id_process_key_pk" PRIMARY KEY("quest_id","player_id","process_key")
);
--> statement-breakpoint
ALTER TABLE "process_presence" ADD CONSTRAINT "process_presence_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_presence" ADD CONSTRAINT "process_presence_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "players" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quest_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"seat" text,
	"host" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "players_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "presence" (
	"quest_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"connected" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "presence_quest_id_player_id_pk" PRIMARY KEY("quest_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "quest_events" (
	"quest_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"seat" text,
	"at" bigint NOT NULL,
	"schema_version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	CONSTRAINT "quest_events_quest_id_seq_pk" PRIMARY KEY("quest_id","seq"),
	CONSTRAINT "quest_events_seq_positive" CHECK ("quest_events"."seq" > 0)
);
--> statement-breakpoint
CREATE TABLE "quest_snapshots" (
	"quest_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quest_snapshots_quest_id_version_pk" PRIMARY KEY("quest_id","version")
);
--> statement-breakpoint
CREATE TABLE "quests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"scenario_id" text NOT NULL,
	"scenario_hash" text NOT NULL,
	"seed" bigint NOT NULL,
	"invite" text NOT NULL,
	"host_player_id" uuid NOT NULL,
	"status" text DEFAULT 'lobby' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"lobby_bots" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seats" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quests_invite_unique" UNIQUE("invite"),
	CONSTRAINT "quests_status_known" CHECK ("quests"."status" in ('lobby', 'running', 'paused', 'finished')),
	CONSTRAINT "quests_version_not_negative" CHECK ("quests"."version" >= 0)
);
--> statement-breakpoint
ALTER TABLE "players" ADD CONSTRAINT "players_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presence" ADD CONSTRAINT "presence_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presence" ADD CONSTRAINT "presence_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quest_events" ADD CONSTRAINT "quest_events_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quest_snapshots" ADD CONSTRAINT "quest_snapshots_quest_id_quests_id_fk" FOREIGN KEY ("quest_id") REFERENCES "public"."quests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quests" ADD CONSTRAINT "quests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "players_quest" ON "players" USING btree ("quest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "players_one_per_seat" ON "players" USING btree ("quest_id","seat") WHERE "players"."seat" is not null and "players"."seat" <> 'spectator';--> statement-breakpoint
CREATE INDEX "quests_active" ON "quests" USING btree ("status");
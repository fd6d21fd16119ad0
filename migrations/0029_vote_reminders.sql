CREATE TABLE "vote_reminders" (
	"network_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vote_reminders_network_id_vote_id_pk" PRIMARY KEY("network_id","vote_id")
);
--> statement-breakpoint
ALTER TABLE "vote_reminders" ADD CONSTRAINT "vote_reminders_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;
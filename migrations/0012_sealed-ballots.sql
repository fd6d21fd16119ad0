CREATE TABLE "sealed_ballots" (
	"network_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"lookup" text NOT NULL,
	"sealed" text NOT NULL,
	CONSTRAINT "sealed_ballots_network_id_vote_id_lookup_pk" PRIMARY KEY("network_id","vote_id","lookup")
);
--> statement-breakpoint
ALTER TABLE "sealed_ballots" ADD CONSTRAINT "sealed_ballots_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;
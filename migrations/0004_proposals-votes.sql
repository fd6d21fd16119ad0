CREATE TABLE "ballots" (
	"network_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"receipt_hash" text NOT NULL,
	"content" jsonb NOT NULL,
	"voter_id" uuid,
	CONSTRAINT "ballots_network_id_vote_id_receipt_hash_pk" PRIMARY KEY("network_id","vote_id","receipt_hash")
);
--> statement-breakpoint
CREATE TABLE "proposal_endorsements" (
	"network_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_endorsements_network_id_proposal_id_member_id_pk" PRIMARY KEY("network_id","proposal_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_pitchers" (
	"network_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "proposal_pitchers_network_id_proposal_id_member_id_pk" PRIMARY KEY("network_id","proposal_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "vote_electors" (
	"network_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "vote_electors_network_id_vote_id_member_id_pk" PRIMARY KEY("network_id","vote_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "vote_options" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"proposal_id" uuid,
	CONSTRAINT "vote_options_vote_position_key" UNIQUE("network_id","vote_id","position"),
	CONSTRAINT "vote_options_vote_proposal_key" UNIQUE("network_id","vote_id","proposal_id")
);
--> statement-breakpoint
CREATE TABLE "vote_voters" (
	"network_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "vote_voters_network_id_vote_id_member_id_pk" PRIMARY KEY("network_id","vote_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"method" text NOT NULL,
	"seats" integer DEFAULT 1 NOT NULL,
	"max_choices" integer,
	"max_score" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp (3) with time zone,
	"closes_at" timestamp (3) with time zone,
	"opened_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"electorate_kind" text DEFAULT 'network' NOT NULL,
	"electorate_issue_group_id" uuid,
	"electorate_workshop_id" uuid,
	"electorate_size" integer,
	"quorum_min_ballots" integer,
	"quorum_min_turnout_percent" integer,
	"secret" boolean DEFAULT true NOT NULL,
	"allow_ballot_change" boolean DEFAULT false NOT NULL,
	"results_visible_while_open" boolean DEFAULT false NOT NULL,
	"create_issue_groups" boolean DEFAULT false NOT NULL,
	"tie_break_order" text[] NOT NULL,
	"result" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_network_id_id_key" UNIQUE("network_id","id"),
	CONSTRAINT "votes_seats_check" CHECK ("votes"."seats" >= 1),
	CONSTRAINT "votes_times_check" CHECK ("votes"."closes_at" IS NULL OR "votes"."opens_at" IS NULL OR "votes"."closes_at" > "votes"."opens_at"),
	CONSTRAINT "votes_electorate_check" CHECK (("votes"."electorate_kind" = 'issue_group') = ("votes"."electorate_issue_group_id" IS NOT NULL) AND ("votes"."electorate_kind" = 'workshop') = ("votes"."electorate_workshop_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "source_workshop_id" uuid;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "breakout_group" text;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "sub_questions" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_network_id_voter_id_members_network_id_id_fk" FOREIGN KEY ("network_id","voter_id") REFERENCES "public"."members"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_endorsements" ADD CONSTRAINT "proposal_endorsements_network_id_proposal_id_proposals_network_id_id_fk" FOREIGN KEY ("network_id","proposal_id") REFERENCES "public"."proposals"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_endorsements" ADD CONSTRAINT "proposal_endorsements_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_pitchers" ADD CONSTRAINT "proposal_pitchers_network_id_proposal_id_proposals_network_id_id_fk" FOREIGN KEY ("network_id","proposal_id") REFERENCES "public"."proposals"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_pitchers" ADD CONSTRAINT "proposal_pitchers_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_electors" ADD CONSTRAINT "vote_electors_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_electors" ADD CONSTRAINT "vote_electors_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_options" ADD CONSTRAINT "vote_options_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_options" ADD CONSTRAINT "vote_options_network_id_proposal_id_proposals_network_id_id_fk" FOREIGN KEY ("network_id","proposal_id") REFERENCES "public"."proposals"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_voters" ADD CONSTRAINT "vote_voters_network_id_vote_id_member_id_vote_electors_network_id_vote_id_member_id_fk" FOREIGN KEY ("network_id","vote_id","member_id") REFERENCES "public"."vote_electors"("network_id","vote_id","member_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_network_id_electorate_issue_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","electorate_issue_group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_network_id_electorate_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","electorate_workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposal_pitchers_member_idx" ON "proposal_pitchers" USING btree ("network_id","member_id");--> statement-breakpoint
CREATE INDEX "vote_options_proposal_idx" ON "vote_options" USING btree ("network_id","proposal_id");--> statement-breakpoint
CREATE INDEX "votes_network_status_idx" ON "votes" USING btree ("network_id","status","id");--> statement-breakpoint
CREATE INDEX "votes_due_to_open_idx" ON "votes" USING btree ("opens_at") WHERE "votes"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "votes_due_to_close_idx" ON "votes" USING btree ("closes_at") WHERE "votes"."status" = 'open';--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_network_id_source_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","source_workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposals_network_status_idx" ON "proposals" USING btree ("network_id","status","id");
-- Citus's shape (docs/SCALING.md, step 3): every network-owned table's primary key is (network_id, id), and the two
-- references to a member on the member's id alone become composite, so every key and reference carries the network.
-- drizzle-kit wrote the drops of the unique keys and of the two references, the new keys and references, and the
-- indexes; edited by hand, in an order PostgreSQL accepts:
-- - drizzle-kit cannot name a primary key it drops (it left a commented-out placeholder): PostgreSQL named each
--   column-level PRIMARY KEY "<table>_pkey", dropped here by that name.
-- - The 33 composite references to (network_id, id) depend on the "<table>_network_id_id_key" unique constraints they
--   were made against, which the new primary keys replace: they are dropped first and made again, unchanged, against
--   the primary keys (drizzle-kit sees no change in them, so it wrote neither).
-- - The two references to a member become (network_id, x) -> members(network_id, id) with ON DELETE SET NULL (x):
--   deleting the member clears the reference and keeps network_id, which a plain SET NULL would clear too.
-- Making the references again checks every row against them; the migration runs in one transaction.
ALTER TABLE "issue_group_contributions" DROP CONSTRAINT "issue_group_contributions_added_by_members_id_fk";--> statement-breakpoint
ALTER TABLE "issue_groups" DROP CONSTRAINT "issue_groups_staff_contact_id_members_id_fk";--> statement-breakpoint
ALTER TABLE "ballots" DROP CONSTRAINT "ballots_network_id_vote_id_votes_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "ballots" DROP CONSTRAINT "ballots_network_id_voter_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "case_studies" DROP CONSTRAINT "case_studies_network_id_issue_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "case_study_authors" DROP CONSTRAINT "case_study_authors_network_id_case_study_id_case_studies_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "case_study_authors" DROP CONSTRAINT "case_study_authors_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "issue_group_contributions" DROP CONSTRAINT "issue_group_contributions_network_id_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "issue_group_members" DROP CONSTRAINT "issue_group_members_network_id_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "issue_group_members" DROP CONSTRAINT "issue_group_members_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "issue_group_methodology_steps" DROP CONSTRAINT "issue_group_methodology_steps_network_id_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "issue_group_milestones" DROP CONSTRAINT "issue_group_milestones_network_id_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "issue_group_outputs" DROP CONSTRAINT "issue_group_outputs_network_id_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "issue_groups" DROP CONSTRAINT "issue_groups_network_id_proposal_id_proposals_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "member_invitations" DROP CONSTRAINT "member_invitations_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "proposal_endorsements" DROP CONSTRAINT "proposal_endorsements_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "proposal_endorsements" DROP CONSTRAINT "proposal_endorsements_network_id_proposal_id_proposals_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "proposal_pitchers" DROP CONSTRAINT "proposal_pitchers_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "proposal_pitchers" DROP CONSTRAINT "proposal_pitchers_network_id_proposal_id_proposals_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "proposals" DROP CONSTRAINT "proposals_network_id_source_workshop_id_workshops_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "sealed_ballots" DROP CONSTRAINT "sealed_ballots_network_id_vote_id_votes_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "vote_electors" DROP CONSTRAINT "vote_electors_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "vote_electors" DROP CONSTRAINT "vote_electors_network_id_vote_id_votes_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "vote_options" DROP CONSTRAINT "vote_options_network_id_proposal_id_proposals_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "vote_options" DROP CONSTRAINT "vote_options_network_id_vote_id_votes_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "votes" DROP CONSTRAINT "votes_network_id_electorate_issue_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "votes" DROP CONSTRAINT "votes_network_id_electorate_workshop_id_workshops_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_network_id_event_id_events_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_network_id_subscription_id_webhook_subscriptions_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "workshop_registrations" DROP CONSTRAINT "workshop_registrations_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "workshop_registrations" DROP CONSTRAINT "workshop_registrations_network_id_workshop_id_workshops_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "workshop_speakers" DROP CONSTRAINT "workshop_speakers_network_id_member_id_members_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "workshop_speakers" DROP CONSTRAINT "workshop_speakers_network_id_workshop_id_workshops_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "workshops" DROP CONSTRAINT "workshops_network_id_issue_group_id_issue_groups_network_id_id_fk";--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_network_id_id_key";--> statement-breakpoint
ALTER TABLE "case_studies" DROP CONSTRAINT "case_studies_network_id_id_key";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_network_id_id_key";--> statement-breakpoint
ALTER TABLE "issue_groups" DROP CONSTRAINT "issue_groups_network_id_id_key";--> statement-breakpoint
ALTER TABLE "members" DROP CONSTRAINT "members_network_id_id_key";--> statement-breakpoint
ALTER TABLE "proposals" DROP CONSTRAINT "proposals_network_id_id_key";--> statement-breakpoint
ALTER TABLE "votes" DROP CONSTRAINT "votes_network_id_id_key";--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "webhook_subscriptions_network_id_id_key";--> statement-breakpoint
ALTER TABLE "workshop_registrations" DROP CONSTRAINT "workshop_registrations_network_id_id_key";--> statement-breakpoint
ALTER TABLE "workshops" DROP CONSTRAINT "workshops_network_id_id_key";--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_pkey";--> statement-breakpoint
ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_pkey";--> statement-breakpoint
ALTER TABLE "case_studies" DROP CONSTRAINT "case_studies_pkey";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_pkey";--> statement-breakpoint
ALTER TABLE "issue_group_contributions" DROP CONSTRAINT "issue_group_contributions_pkey";--> statement-breakpoint
ALTER TABLE "issue_group_methodology_steps" DROP CONSTRAINT "issue_group_methodology_steps_pkey";--> statement-breakpoint
ALTER TABLE "issue_group_milestones" DROP CONSTRAINT "issue_group_milestones_pkey";--> statement-breakpoint
ALTER TABLE "issue_group_outputs" DROP CONSTRAINT "issue_group_outputs_pkey";--> statement-breakpoint
ALTER TABLE "issue_groups" DROP CONSTRAINT "issue_groups_pkey";--> statement-breakpoint
ALTER TABLE "member_invitations" DROP CONSTRAINT "member_invitations_pkey";--> statement-breakpoint
ALTER TABLE "members" DROP CONSTRAINT "members_pkey";--> statement-breakpoint
ALTER TABLE "proposals" DROP CONSTRAINT "proposals_pkey";--> statement-breakpoint
ALTER TABLE "vote_options" DROP CONSTRAINT "vote_options_pkey";--> statement-breakpoint
ALTER TABLE "votes" DROP CONSTRAINT "votes_pkey";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_pkey";--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "webhook_subscriptions_pkey";--> statement-breakpoint
ALTER TABLE "workshop_registrations" DROP CONSTRAINT "workshop_registrations_pkey";--> statement-breakpoint
ALTER TABLE "workshops" DROP CONSTRAINT "workshops_pkey";--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "issue_group_contributions" ADD CONSTRAINT "issue_group_contributions_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "issue_groups" ADD CONSTRAINT "issue_groups_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "issue_group_methodology_steps" ADD CONSTRAINT "issue_group_methodology_steps_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "issue_group_milestones" ADD CONSTRAINT "issue_group_milestones_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "issue_group_outputs" ADD CONSTRAINT "issue_group_outputs_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "vote_options" ADD CONSTRAINT "vote_options_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "workshop_registrations" ADD CONSTRAINT "workshop_registrations_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_network_id_id_pk" PRIMARY KEY("network_id","id");--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_network_id_voter_id_members_network_id_id_fk" FOREIGN KEY ("network_id","voter_id") REFERENCES "public"."members"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_network_id_issue_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","issue_group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_study_authors" ADD CONSTRAINT "case_study_authors_network_id_case_study_id_case_studies_network_id_id_fk" FOREIGN KEY ("network_id","case_study_id") REFERENCES "public"."case_studies"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_study_authors" ADD CONSTRAINT "case_study_authors_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (member_id) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_contributions" ADD CONSTRAINT "issue_group_contributions_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_members" ADD CONSTRAINT "issue_group_members_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_members" ADD CONSTRAINT "issue_group_members_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_methodology_steps" ADD CONSTRAINT "issue_group_methodology_steps_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_milestones" ADD CONSTRAINT "issue_group_milestones_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_outputs" ADD CONSTRAINT "issue_group_outputs_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD CONSTRAINT "issue_groups_network_id_proposal_id_proposals_network_id_id_fk" FOREIGN KEY ("network_id","proposal_id") REFERENCES "public"."proposals"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_endorsements" ADD CONSTRAINT "proposal_endorsements_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_endorsements" ADD CONSTRAINT "proposal_endorsements_network_id_proposal_id_proposals_network_id_id_fk" FOREIGN KEY ("network_id","proposal_id") REFERENCES "public"."proposals"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_pitchers" ADD CONSTRAINT "proposal_pitchers_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_pitchers" ADD CONSTRAINT "proposal_pitchers_network_id_proposal_id_proposals_network_id_id_fk" FOREIGN KEY ("network_id","proposal_id") REFERENCES "public"."proposals"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_network_id_source_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","source_workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_ballots" ADD CONSTRAINT "sealed_ballots_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_electors" ADD CONSTRAINT "vote_electors_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_electors" ADD CONSTRAINT "vote_electors_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_options" ADD CONSTRAINT "vote_options_network_id_proposal_id_proposals_network_id_id_fk" FOREIGN KEY ("network_id","proposal_id") REFERENCES "public"."proposals"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_options" ADD CONSTRAINT "vote_options_network_id_vote_id_votes_network_id_id_fk" FOREIGN KEY ("network_id","vote_id") REFERENCES "public"."votes"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_network_id_electorate_issue_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","electorate_issue_group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_network_id_electorate_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","electorate_workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_network_id_event_id_events_network_id_id_fk" FOREIGN KEY ("network_id","event_id") REFERENCES "public"."events"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_network_id_subscription_id_webhook_subscriptions_network_id_id_fk" FOREIGN KEY ("network_id","subscription_id") REFERENCES "public"."webhook_subscriptions"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_registrations" ADD CONSTRAINT "workshop_registrations_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_registrations" ADD CONSTRAINT "workshop_registrations_network_id_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_speakers" ADD CONSTRAINT "workshop_speakers_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (member_id) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_speakers" ADD CONSTRAINT "workshop_speakers_network_id_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_network_id_issue_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","issue_group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_contributions" ADD CONSTRAINT "issue_group_contributions_network_id_added_by_members_network_id_id_fk" FOREIGN KEY ("network_id","added_by") REFERENCES "public"."members"("network_id","id") ON DELETE set null (added_by) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD CONSTRAINT "issue_groups_network_id_staff_contact_id_members_network_id_id_fk" FOREIGN KEY ("network_id","staff_contact_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (staff_contact_id) ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_id_idx" ON "api_keys" USING btree ("id");--> statement-breakpoint
CREATE INDEX "calendar_feeds_id_idx" ON "calendar_feeds" USING btree ("id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_id_idx" ON "webhook_deliveries" USING btree ("id");

ALTER TABLE "issue_group_recommendation_links" DROP CONSTRAINT "issue_group_recommendation_links_network_id_output_id_issue_group_outputs_network_id_id_fk";
--> statement-breakpoint
ALTER TABLE "issue_group_recommendation_links" DROP CONSTRAINT "issue_group_recommendation_links_network_id_contribution_id_issue_group_contributions_network_id_id_fk";
--> statement-breakpoint
ALTER TABLE "issue_group_recommendation_links" ADD CONSTRAINT "issue_group_recommendation_links_network_id_output_id_issue_group_outputs_network_id_id_fk" FOREIGN KEY ("network_id","output_id") REFERENCES "public"."issue_group_outputs"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_recommendation_links" ADD CONSTRAINT "issue_group_recommendation_links_network_id_contribution_id_issue_group_contributions_network_id_id_fk" FOREIGN KEY ("network_id","contribution_id") REFERENCES "public"."issue_group_contributions"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_group_recommendation_links_output_idx" ON "issue_group_recommendation_links" USING btree ("network_id","output_id");--> statement-breakpoint
CREATE INDEX "issue_group_recommendation_links_contribution_idx" ON "issue_group_recommendation_links" USING btree ("network_id","contribution_id");
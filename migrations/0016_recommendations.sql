CREATE TABLE "issue_group_recommendation_links" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"output_id" uuid,
	"contribution_id" uuid,
	CONSTRAINT "issue_group_recommendation_links_network_id_id_pk" PRIMARY KEY("network_id","id"),
	CONSTRAINT "issue_group_recommendation_links_output_key" UNIQUE("network_id","recommendation_id","output_id"),
	CONSTRAINT "issue_group_recommendation_links_contribution_key" UNIQUE("network_id","recommendation_id","contribution_id"),
	CONSTRAINT "issue_group_recommendation_links_one_target_check" CHECK (num_nonnulls("issue_group_recommendation_links"."output_id", "issue_group_recommendation_links"."contribution_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "issue_group_recommendations" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"text" text NOT NULL,
	"audiences" text[] DEFAULT '{}' NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"review_on" date,
	"progress" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_group_recommendations_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
ALTER TABLE "issue_group_recommendation_links" ADD CONSTRAINT "issue_group_recommendation_links_network_id_recommendation_id_issue_group_recommendations_network_id_id_fk" FOREIGN KEY ("network_id","recommendation_id") REFERENCES "public"."issue_group_recommendations"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_recommendation_links" ADD CONSTRAINT "issue_group_recommendation_links_network_id_output_id_issue_group_outputs_network_id_id_fk" FOREIGN KEY ("network_id","output_id") REFERENCES "public"."issue_group_outputs"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_recommendation_links" ADD CONSTRAINT "issue_group_recommendation_links_network_id_contribution_id_issue_group_contributions_network_id_id_fk" FOREIGN KEY ("network_id","contribution_id") REFERENCES "public"."issue_group_contributions"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_recommendations" ADD CONSTRAINT "issue_group_recommendations_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_group_recommendations_group_idx" ON "issue_group_recommendations" USING btree ("network_id","group_id","id");
CREATE TABLE "questionnaire_respondents" (
	"network_id" uuid NOT NULL,
	"questionnaire_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "questionnaire_respondents_network_id_questionnaire_id_member_id_pk" PRIMARY KEY("network_id","questionnaire_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "questionnaire_responses" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"questionnaire_id" uuid NOT NULL,
	"member_id" uuid,
	"answers" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaire_responses_network_id_id_pk" PRIMARY KEY("network_id","id"),
	CONSTRAINT "questionnaire_responses_respondent_key" UNIQUE("network_id","questionnaire_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "questionnaires" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"group_id" uuid,
	"audience" text DEFAULT 'network' NOT NULL,
	"results_visibility" text DEFAULT 'after_close' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"closes_at" timestamp (3) with time zone,
	"opened_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaires_network_id_id_pk" PRIMARY KEY("network_id","id"),
	CONSTRAINT "questionnaires_audience_check" CHECK ("questionnaires"."audience" = 'network' OR "questionnaires"."group_id" IS NOT NULL),
	CONSTRAINT "questionnaires_anonymous_results_check" CHECK (NOT "questionnaires"."anonymous" OR "questionnaires"."results_visibility" = 'after_close')
);
--> statement-breakpoint
CREATE TABLE "sealed_questionnaire_responses" (
	"network_id" uuid NOT NULL,
	"questionnaire_id" uuid NOT NULL,
	"lookup" text NOT NULL,
	"sealed" text NOT NULL,
	CONSTRAINT "sealed_questionnaire_responses_network_id_questionnaire_id_lookup_pk" PRIMARY KEY("network_id","questionnaire_id","lookup")
);
--> statement-breakpoint
ALTER TABLE "questionnaire_respondents" ADD CONSTRAINT "questionnaire_respondents_network_id_questionnaire_id_questionnaires_network_id_id_fk" FOREIGN KEY ("network_id","questionnaire_id") REFERENCES "public"."questionnaires"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_respondents" ADD CONSTRAINT "questionnaire_respondents_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_network_id_questionnaire_id_questionnaires_network_id_id_fk" FOREIGN KEY ("network_id","questionnaire_id") REFERENCES "public"."questionnaires"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (member_id) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaires" ADD CONSTRAINT "questionnaires_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaires" ADD CONSTRAINT "questionnaires_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_questionnaire_responses" ADD CONSTRAINT "sealed_questionnaire_responses_network_id_questionnaire_id_questionnaires_network_id_id_fk" FOREIGN KEY ("network_id","questionnaire_id") REFERENCES "public"."questionnaires"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questionnaire_responses_member_idx" ON "questionnaire_responses" USING btree ("network_id","member_id");--> statement-breakpoint
CREATE INDEX "questionnaires_network_group_idx" ON "questionnaires" USING btree ("network_id","group_id");--> statement-breakpoint
CREATE INDEX "questionnaires_due_to_close_idx" ON "questionnaires" USING btree ("closes_at") WHERE "questionnaires"."status" = 'open';
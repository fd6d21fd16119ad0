CREATE TABLE "questionnaire_respondents" (
	"network_id" uuid NOT NULL,
	"questionnaire_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "questionnaire_respondents_network_id_questionnaire_id_member_id_pk" PRIMARY KEY("network_id","questionnaire_id","member_id")
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
ALTER TABLE "questionnaires" ADD COLUMN "anonymous" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "questionnaire_respondents" ADD CONSTRAINT "questionnaire_respondents_network_id_questionnaire_id_questionnaires_network_id_id_fk" FOREIGN KEY ("network_id","questionnaire_id") REFERENCES "public"."questionnaires"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_respondents" ADD CONSTRAINT "questionnaire_respondents_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_questionnaire_responses" ADD CONSTRAINT "sealed_questionnaire_responses_network_id_questionnaire_id_questionnaires_network_id_id_fk" FOREIGN KEY ("network_id","questionnaire_id") REFERENCES "public"."questionnaires"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaires" ADD CONSTRAINT "questionnaires_anonymous_results_check" CHECK (NOT "questionnaires"."anonymous" OR "questionnaires"."results_visibility" = 'after_close');
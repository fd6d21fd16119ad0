CREATE TABLE "questionnaire_invitations" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"questionnaire_id" uuid NOT NULL,
	"label" text,
	"token_hash" text NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"used_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaire_invitations_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD COLUMN "invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "questionnaire_invitations" ADD CONSTRAINT "questionnaire_invitations_network_id_questionnaire_id_questionnaires_network_id_id_fk" FOREIGN KEY ("network_id","questionnaire_id") REFERENCES "public"."questionnaires"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_invitations_network_token_key" ON "questionnaire_invitations" USING btree ("network_id","token_hash");--> statement-breakpoint
CREATE INDEX "questionnaire_invitations_questionnaire_idx" ON "questionnaire_invitations" USING btree ("network_id","questionnaire_id");--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_network_id_invitation_id_questionnaire_invitations_network_id_id_fk" FOREIGN KEY ("network_id","invitation_id") REFERENCES "public"."questionnaire_invitations"("network_id","id") ON DELETE set null (invitation_id) ON UPDATE no action;
CREATE TABLE "member_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"used_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "member_invitations_network_token_key" ON "member_invitations" USING btree ("network_id","token_hash");--> statement-breakpoint
CREATE INDEX "member_invitations_member_idx" ON "member_invitations" USING btree ("network_id","member_id");
CREATE TABLE "member_tombstones" (
	"network_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"crm_id" text,
	"deleted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_tombstones_network_id_member_id_pk" PRIMARY KEY("network_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "member_tombstones" ADD CONSTRAINT "member_tombstones_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_tombstones_network_deleted_idx" ON "member_tombstones" USING btree ("network_id","deleted_at","member_id");
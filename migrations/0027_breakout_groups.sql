CREATE TABLE "workshop_breakout_groups" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"name" text NOT NULL,
	"facilitator_id" uuid,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_breakout_groups_network_id_id_pk" PRIMARY KEY("network_id","id"),
	CONSTRAINT "workshop_breakout_groups_name_key" UNIQUE("network_id","workshop_id","name")
);
--> statement-breakpoint
CREATE TABLE "workshop_breakout_members" (
	"network_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"breakout_group_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "workshop_breakout_members_network_id_breakout_group_id_registration_id_pk" PRIMARY KEY("network_id","breakout_group_id","registration_id"),
	CONSTRAINT "workshop_breakout_members_registration_key" UNIQUE("network_id","workshop_id","registration_id")
);
--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "breakout_group_id" uuid;--> statement-breakpoint
ALTER TABLE "workshop_breakout_groups" ADD CONSTRAINT "workshop_breakout_groups_network_id_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_breakout_groups" ADD CONSTRAINT "workshop_breakout_groups_network_id_facilitator_id_members_network_id_id_fk" FOREIGN KEY ("network_id","facilitator_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (facilitator_id) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_breakout_members" ADD CONSTRAINT "workshop_breakout_members_network_id_breakout_group_id_workshop_breakout_groups_network_id_id_fk" FOREIGN KEY ("network_id","breakout_group_id") REFERENCES "public"."workshop_breakout_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_breakout_members" ADD CONSTRAINT "workshop_breakout_members_network_id_registration_id_workshop_registrations_network_id_id_fk" FOREIGN KEY ("network_id","registration_id") REFERENCES "public"."workshop_registrations"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_network_id_breakout_group_id_workshop_breakout_groups_network_id_id_fk" FOREIGN KEY ("network_id","breakout_group_id") REFERENCES "public"."workshop_breakout_groups"("network_id","id") ON DELETE set null (breakout_group_id) ON UPDATE no action;
CREATE TABLE "issue_group_contributions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"summary" text,
	"source" text,
	"kind" text DEFAULT 'other' NOT NULL,
	"visibility" text DEFAULT 'listed' NOT NULL,
	"added_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_group_contributions_content_check" CHECK ("issue_group_contributions"."url" IS NOT NULL OR "issue_group_contributions"."summary" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "issue_group_methodology_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"when" text,
	"year" integer,
	"earliest" date,
	"latest" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_group_methodology_steps_position_key" UNIQUE("network_id","group_id","position"),
	CONSTRAINT "issue_group_methodology_steps_window_check" CHECK (("issue_group_methodology_steps"."earliest" IS NULL) = ("issue_group_methodology_steps"."latest" IS NULL) AND ("issue_group_methodology_steps"."when" IS NOT NULL OR "issue_group_methodology_steps"."earliest" IS NULL) AND "issue_group_methodology_steps"."earliest" <= "issue_group_methodology_steps"."latest")
);
--> statement-breakpoint
CREATE TABLE "issue_group_milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"when" text NOT NULL,
	"year" integer,
	"earliest" date NOT NULL,
	"latest" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_group_milestones_window_check" CHECK ("issue_group_milestones"."earliest" <= "issue_group_milestones"."latest")
);
--> statement-breakpoint
CREATE TABLE "issue_group_outputs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"summary" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"published_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_group_outputs_published_check" CHECK (("issue_group_outputs"."status" = 'published') = ("issue_group_outputs"."published_on" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "issue_group_members" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "number" integer;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "year" integer;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "outline" text;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "key_questions" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "objectives" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "desired_outcomes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "channels" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "staff_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "issue_groups" ADD COLUMN "staff_contact_phone" text;--> statement-breakpoint
ALTER TABLE "issue_group_contributions" ADD CONSTRAINT "issue_group_contributions_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_contributions" ADD CONSTRAINT "issue_group_contributions_added_by_members_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_methodology_steps" ADD CONSTRAINT "issue_group_methodology_steps_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_milestones" ADD CONSTRAINT "issue_group_milestones_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_group_outputs" ADD CONSTRAINT "issue_group_outputs_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_group_contributions_group_idx" ON "issue_group_contributions" USING btree ("network_id","group_id","id");--> statement-breakpoint
CREATE INDEX "issue_group_milestones_time_idx" ON "issue_group_milestones" USING btree ("network_id","group_id","earliest","latest","id");--> statement-breakpoint
CREATE INDEX "issue_group_outputs_group_idx" ON "issue_group_outputs" USING btree ("network_id","group_id","id");--> statement-breakpoint
ALTER TABLE "issue_groups" ADD CONSTRAINT "issue_groups_staff_contact_id_members_id_fk" FOREIGN KEY ("staff_contact_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_group_members_member_idx" ON "issue_group_members" USING btree ("network_id","member_id");--> statement-breakpoint
ALTER TABLE "issue_groups" ADD CONSTRAINT "issue_groups_network_number_key" UNIQUE("network_id","number");
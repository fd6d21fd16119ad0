CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_network_member_key" UNIQUE("network_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "case_studies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL,
	"title" text NOT NULL,
	"organisation" text,
	"sector" text NOT NULL,
	"country" text,
	"region" text,
	"summary" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"key_points" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"issue_group_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp (3) with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, "title"), 'A') || setweight(to_tsvector('english'::regconfig, "summary"), 'B') || setweight(jsonb_to_tsvector('english'::regconfig, "tags", '["string"]'), 'B') || setweight(to_tsvector('english'::regconfig, "body"), 'C')) STORED NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_studies_network_id_id_key" UNIQUE("network_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_study_authors" (
	"network_id" uuid NOT NULL,
	"case_study_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"organisation" text,
	"member_id" uuid,
	CONSTRAINT "case_study_authors_network_id_case_study_id_position_pk" PRIMARY KEY("network_id","case_study_id","position")
);
--> statement-breakpoint
CREATE TABLE "workshop_speakers" (
	"network_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"job_title" text,
	"organisation" text,
	"member_id" uuid,
	CONSTRAINT "workshop_speakers_network_id_workshop_id_position_pk" PRIMARY KEY("network_id","workshop_id","position")
);
--> statement-breakpoint
ALTER TABLE "workshop_registrations" ADD COLUMN "queue_position" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "status" text DEFAULT 'scheduled' NOT NULL;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "time_zone" text DEFAULT 'Europe/London' NOT NULL;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "venue" text;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "online_url" text;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "registration_opens_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "registration_closes_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "agenda" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_studies" ADD CONSTRAINT "case_studies_network_id_issue_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","issue_group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_study_authors" ADD CONSTRAINT "case_study_authors_network_id_case_study_id_case_studies_network_id_id_fk" FOREIGN KEY ("network_id","case_study_id") REFERENCES "public"."case_studies"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_study_authors" ADD CONSTRAINT "case_study_authors_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (member_id) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_speakers" ADD CONSTRAINT "workshop_speakers_network_id_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_speakers" ADD CONSTRAINT "workshop_speakers_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (member_id) ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_studies_search_idx" ON "case_studies" USING gin ("search");--> statement-breakpoint
CREATE INDEX "case_studies_tags_idx" ON "case_studies" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "case_studies_network_group_idx" ON "case_studies" USING btree ("network_id","issue_group_id");--> statement-breakpoint
CREATE INDEX "workshop_registrations_workshop_status_idx" ON "workshop_registrations" USING btree ("network_id","workshop_id","status","queue_position");--> statement-breakpoint
CREATE INDEX "workshop_registrations_member_idx" ON "workshop_registrations" USING btree ("network_id","member_id");--> statement-breakpoint
ALTER TABLE "workshop_registrations" ADD CONSTRAINT "workshop_registrations_queue_key" UNIQUE("network_id","workshop_id","queue_position");--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_ends_after_starts" CHECK ("workshops"."ends_at" > "workshops"."starts_at");--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_capacity_positive" CHECK ("workshops"."capacity" > 0);
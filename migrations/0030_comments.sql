CREATE TABLE "comment_mutes" (
	"network_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"until" timestamp (3) with time zone NOT NULL,
	"reason" text NOT NULL,
	"muted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comment_mutes_network_id_member_id_pk" PRIMARY KEY("network_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "comment_reports" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"comment_id" uuid NOT NULL,
	"reporter_id" uuid,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp (3) with time zone,
	"resolution" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comment_reports_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
CREATE TABLE "comment_settings" (
	"network_id" uuid PRIMARY KEY NOT NULL,
	"erasure" text DEFAULT 'keep_text' NOT NULL,
	"freeze_closed" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"parent_type" text NOT NULL,
	"parent_id" uuid NOT NULL,
	"group_id" uuid,
	"thread_id" uuid NOT NULL,
	"in_reply_to_id" uuid,
	"author_id" uuid,
	"body" text,
	"mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"edited_at" timestamp (3) with time zone,
	"deleted_at" timestamp (3) with time zone,
	"hidden" boolean DEFAULT false NOT NULL,
	"moderation" text,
	"moderation_reason" text,
	"moderated_by" uuid,
	"moderated_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comments_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
ALTER TABLE "comment_mutes" ADD CONSTRAINT "comment_mutes_network_id_member_id_members_network_id_id_fk" FOREIGN KEY ("network_id","member_id") REFERENCES "public"."members"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_network_id_comment_id_comments_network_id_id_fk" FOREIGN KEY ("network_id","comment_id") REFERENCES "public"."comments"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_network_id_reporter_id_members_network_id_id_fk" FOREIGN KEY ("network_id","reporter_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (reporter_id) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_settings" ADD CONSTRAINT "comment_settings_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_network_id_author_id_members_network_id_id_fk" FOREIGN KEY ("network_id","author_id") REFERENCES "public"."members"("network_id","id") ON DELETE set null (author_id) ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_network_id_in_reply_to_id_comments_network_id_id_fk" FOREIGN KEY ("network_id","in_reply_to_id") REFERENCES "public"."comments"("network_id","id") ON DELETE set null (in_reply_to_id) ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "comment_reports_open_key" ON "comment_reports" USING btree ("network_id","comment_id","reporter_id") WHERE "comment_reports"."status" = 'open';--> statement-breakpoint
CREATE INDEX "comment_reports_queue_idx" ON "comment_reports" USING btree ("network_id","status","id");--> statement-breakpoint
CREATE INDEX "comments_thread_order_idx" ON "comments" USING btree ("network_id","parent_type","parent_id","thread_id","id");--> statement-breakpoint
CREATE INDEX "comments_replies_idx" ON "comments" USING btree ("network_id","in_reply_to_id");--> statement-breakpoint
CREATE INDEX "comments_thread_idx" ON "comments" USING btree ("network_id","thread_id");--> statement-breakpoint
CREATE INDEX "comments_author_idx" ON "comments" USING btree ("network_id","author_id");--> statement-breakpoint
CREATE INDEX "comments_group_idx" ON "comments" USING btree ("network_id","group_id");
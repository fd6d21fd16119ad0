CREATE TABLE "evaluation_assessments" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"framework_id" uuid NOT NULL,
	"principle_id" uuid NOT NULL,
	"option_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"rationale" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_assessments_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_frameworks" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"scale_min" integer DEFAULT 1 NOT NULL,
	"scale_max" integer DEFAULT 5 NOT NULL,
	"scale_labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"finalised_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_frameworks_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_gaps" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"framework_id" uuid NOT NULL,
	"option_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"remedy" text,
	"status" text DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_gaps_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_options" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"framework_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "evaluation_options_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_principles" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"framework_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"weight" double precision DEFAULT 1 NOT NULL,
	CONSTRAINT "evaluation_principles_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
ALTER TABLE "evaluation_assessments" ADD CONSTRAINT "evaluation_assessments_network_id_framework_id_evaluation_frameworks_network_id_id_fk" FOREIGN KEY ("network_id","framework_id") REFERENCES "public"."evaluation_frameworks"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_assessments" ADD CONSTRAINT "evaluation_assessments_network_id_principle_id_evaluation_principles_network_id_id_fk" FOREIGN KEY ("network_id","principle_id") REFERENCES "public"."evaluation_principles"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_assessments" ADD CONSTRAINT "evaluation_assessments_network_id_option_id_evaluation_options_network_id_id_fk" FOREIGN KEY ("network_id","option_id") REFERENCES "public"."evaluation_options"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_frameworks" ADD CONSTRAINT "evaluation_frameworks_network_id_group_id_issue_groups_network_id_id_fk" FOREIGN KEY ("network_id","group_id") REFERENCES "public"."issue_groups"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_gaps" ADD CONSTRAINT "evaluation_gaps_network_id_framework_id_evaluation_frameworks_network_id_id_fk" FOREIGN KEY ("network_id","framework_id") REFERENCES "public"."evaluation_frameworks"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_gaps" ADD CONSTRAINT "evaluation_gaps_network_id_option_id_evaluation_options_network_id_id_fk" FOREIGN KEY ("network_id","option_id") REFERENCES "public"."evaluation_options"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_options" ADD CONSTRAINT "evaluation_options_network_id_framework_id_evaluation_frameworks_network_id_id_fk" FOREIGN KEY ("network_id","framework_id") REFERENCES "public"."evaluation_frameworks"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_principles" ADD CONSTRAINT "evaluation_principles_network_id_framework_id_evaluation_frameworks_network_id_id_fk" FOREIGN KEY ("network_id","framework_id") REFERENCES "public"."evaluation_frameworks"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_assessments_cell_key" ON "evaluation_assessments" USING btree ("network_id","framework_id","principle_id","option_id");--> statement-breakpoint
CREATE INDEX "evaluation_frameworks_group_idx" ON "evaluation_frameworks" USING btree ("network_id","group_id","id");--> statement-breakpoint
CREATE INDEX "evaluation_gaps_framework_idx" ON "evaluation_gaps" USING btree ("network_id","framework_id","id");--> statement-breakpoint
CREATE INDEX "evaluation_options_framework_idx" ON "evaluation_options" USING btree ("network_id","framework_id","position");--> statement-breakpoint
CREATE INDEX "evaluation_principles_framework_idx" ON "evaluation_principles" USING btree ("network_id","framework_id","position");
CREATE TABLE "workshop_reports" (
	"id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"summary" text NOT NULL,
	"themes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_reports_network_id_id_pk" PRIMARY KEY("network_id","id")
);
--> statement-breakpoint
ALTER TABLE "workshop_reports" ADD CONSTRAINT "workshop_reports_network_id_workshop_id_workshops_network_id_id_fk" FOREIGN KEY ("network_id","workshop_id") REFERENCES "public"."workshops"("network_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_reports_workshop_key" ON "workshop_reports" USING btree ("network_id","workshop_id");
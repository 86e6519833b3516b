import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Privacy1795700000000 implements MigrationInterface {
  name = 'Privacy1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_appointment_live_contact" ON "appointment" ("contact_value") WHERE "status" = \'confirmed\'',
    );
    await queryRunner.query(
      'CREATE TABLE "document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appointment_id" uuid NOT NULL, "uploaded_by" character varying(10) NOT NULL, "file_name_sealed" character varying(600) NOT NULL, "content_type" character varying(40) NOT NULL, "size_bytes" integer NOT NULL, "storage_key" character varying(80) NOT NULL, "key_wrapped" character varying(200) NOT NULL, "master_key_id" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_document" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_document_appointment" ON "document" ("appointment_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "document_blob" ("storage_key" character varying(80) NOT NULL, "data" bytea NOT NULL, CONSTRAINT "pk_document_blob" PRIMARY KEY ("storage_key"))',
    );
    await queryRunner.query(
      'ALTER TABLE "document" ADD CONSTRAINT "fk_document_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "document" DROP CONSTRAINT "fk_document_appointment"');
    await queryRunner.query('DROP TABLE "document_blob"');
    await queryRunner.query('DROP INDEX "public"."ix_document_appointment"');
    await queryRunner.query('DROP TABLE "document"');
    await queryRunner.query('DROP INDEX "public"."ix_appointment_live_contact"');
  }
}

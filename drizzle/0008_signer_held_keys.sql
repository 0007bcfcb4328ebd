-- The platform held applicants' private keys until now; those keys were never under the signer's sole control
-- (电子签名法 §13), so none is kept: each applicant binds a key made on its own device before signing again.
DELETE FROM "signing_key";--> statement-breakpoint
ALTER TABLE "signing_key" DROP COLUMN "private_key_enc";
-- DropIndex
DROP INDEX "Reply_recipient_createdAt_idx";

-- CreateIndex
CREATE INDEX "Reply_recipient_createdAt_kind_idx" ON "Reply"("recipient", "createdAt", "kind");


-- CreateIndex
CREATE INDEX "Reply_recipient_createdAt_idx" ON "Reply"("recipient", "createdAt");


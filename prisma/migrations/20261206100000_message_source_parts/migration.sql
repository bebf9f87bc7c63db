-- Kept messages move into parts of at most 1 MB; those kept so far become their part 0.
CREATE TABLE "MessageSourcePart" (
    "messageId" INTEGER NOT NULL,
    "part" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,

    PRIMARY KEY ("messageId", "part"),
    CONSTRAINT "MessageSourcePart_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

INSERT INTO "MessageSourcePart" ("messageId", "part", "bytes") SELECT "messageId", 0, "raw" FROM "MessageSource";

PRAGMA foreign_keys=off;
DROP TABLE "MessageSource";
PRAGMA foreign_keys=on;

-- Reviews are by someone else: a proposal is approved and merged (and a
-- derivative endorsed) by a reviewer who neither wrote it nor can edit the
-- derivative, unless the resource's owners opt in to self-review.
ALTER TABLE resources ADD COLUMN allow_self_review boolean NOT NULL DEFAULT false;

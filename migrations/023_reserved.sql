-- Reserved: branch i9-input lands 023_*.sql (allow_self_review / token_expiry) on main
-- before i15-live. tern needs contiguous numbers, so this empty file holds the
-- number on i15-live until then; delete it when that branch is merged.
SELECT 1;

-- A family's id was its root resource's id, so every public member of a
-- family with a private root carried that private resource's id in its
-- family_id. Families get ids of their own: the same grouping, nothing
-- learnt about the root.
UPDATE resources r SET family_id = f.new_id
FROM (SELECT family_id, gen_random_uuid() AS new_id FROM resources GROUP BY family_id) f
WHERE r.family_id = f.family_id;

"""What happens to a case after intake: finding it (办件查询) and reading all of it, its clock,
pauses, extensions, 补交材料, 督办 and the window's statistics."""

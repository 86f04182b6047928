"""What happens to a case after intake: its clock, pauses, extensions, 补交材料 and 督办."""

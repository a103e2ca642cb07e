"""A loaded project -> every problem and warning, each charged to the file and line it is in."""

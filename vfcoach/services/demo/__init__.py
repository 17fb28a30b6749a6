"""The generated demo family, to try vfcoach without real family video."""

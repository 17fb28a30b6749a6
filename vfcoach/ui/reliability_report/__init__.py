"""The reliability report's PDF form (Qt); the HTML itself is Qt-free in vfcoach.reports."""

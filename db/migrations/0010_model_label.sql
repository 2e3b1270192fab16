-- zoobench schema v10: how a model at a resolution is named, in one place (`zoobench best`'s
-- `label`, every table of the site): "ResNet-50 @ 288 px" where the resolution is not the
-- model's default, else the model's name.
CREATE MACRO model_label(name, resolution_px, default_px) AS
    CASE WHEN resolution_px IS NOT NULL AND resolution_px IS DISTINCT FROM default_px
         THEN name || ' @ ' || resolution_px || ' px' ELSE name END;

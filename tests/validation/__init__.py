"""hassfest-like checks of the integration files (quality scale, manifest, strings, brand)."""

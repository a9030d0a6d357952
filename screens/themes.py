"""The high-contrast theme for projectors and low-vision readers (the light and dark ones are Textual's)."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="facilitator-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFB000",
    error="#FF6060",
    success="#40FF40",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    dark=True,
    luminosity_spread=0.25,
    text_alpha=1.0,
    variables={
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#606060",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "border": "#FFFF00",
        "border-blurred": "#FFFFFF",
        "primary-muted": "#FFFFFF",
        "text-muted": "#FFFFFF",
        "foreground-muted": "#E0E0E0",
        "footer-key-foreground": "#000000",
        "footer-key-background": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "footer-background": "#000000",
        "input-selection-background": "#FFFF00 40%",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#303030",
    },
)

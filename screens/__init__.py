"""The Textual screens of Cluster Facilitator, their widgets and .tcss styles (installed as
`facilitator.screens`). Screens call the core; only `facilitator.app` and this package import Textual."""

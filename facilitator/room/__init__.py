"""The room: participants contribute from their phones' browsers, and the wall is a web page, served by the
laptop over its own network (a hotspot or the venue's Wi-Fi), with no internet.

- `core`    an open room: token, phones, limits, the step it follows, the one writer (engine + store)
- `views`   what the phone page and the wall show of a step, as plain data in the plan's language
- `web`     the aiohttp application (participant routes only) and `RoomServer`, run in the current loop
- `network` the LAN addresses phones can reach, and the QR code of the join address

No Textual here: the runner (or `facilitator room`) opens a room and drives it.
"""

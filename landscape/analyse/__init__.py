"""Stage 4, analyse: the forum's questions answered from linked records.

Coverage per kecamatan and desa, overlaps and shared work, plan against reality
and roles, land status (zonal statistics) and gaps. Pure computation on frames:
nothing here reads or writes a file.

May import: ``read``, ``normalise``, ``link`` and the shared modules.
"""

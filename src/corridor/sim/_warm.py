"""Imported by the workers' fork server (:func:`corridor.sim.executor.worker_context`): the engine
imported and its compiled kernels loaded once, before any worker is forked from it. Importing
this module runs them."""

from corridor.sim.replication import warm

warm()

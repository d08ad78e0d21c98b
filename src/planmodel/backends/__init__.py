"""Backends run the blocks of a simulation: in this process, or over local worker processes.

Every backend returns the same block summaries for the same blocks, so results are identical
whatever backend or worker count runs them.
"""

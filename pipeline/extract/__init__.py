"""The batch runtime of ``extract``: ingest → isolated workers (batch, worker) with a cache →
store, written into an output folder that is swapped in atomically (outdir); ``runner`` ties
them together."""

"""SEHATI's legal core in pure Python (no Django): rule sets, gift assessment, working days.

Law and time are explicit inputs (STYLE.md rule 5): nothing here reads the clock or a database.
"""

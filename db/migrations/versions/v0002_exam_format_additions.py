"""The additions to version 1 of the exam format: body mass, link review, impression, issued
documents, red-flag screening done, injury kind, pain quality, hop distance, partial dates, four
structures.

Revision ID: 0002
Revises: 0001
"""

# ruff: noqa: E501  (long CHECK texts kept on one line, as Alembic writes them)

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_STRUCTURES = (
    "acl", "pcl", "mcl", "lcl", "medial_meniscus", "lateral_meniscus", "patella", "patellar_tendon",
    "quadriceps_tendon", "cartilage", "bone", "labrum", "hip_joint", "gluteal_tendon", "hamstring", "itb", "other",
)
_NEW_STRUCTURES = ("rectus_femoris", "adductors", "hip_flexors", "arthroplasty")
_QUALITIES = ("ache", "sharp", "burning", "throbbing", "pins_and_needles", "numbness", "stiffness")


def _one_of(column: str, words: Sequence[str]) -> str:
    return " OR ".join(f"{column} = '{w}'" for w in words)


def _enum(name: str, *words: str) -> sa.Enum:
    return sa.Enum(*words, name=name, native_enum=False, create_constraint=False)


def _native_boolean() -> bool:
    """PostgreSQL has real booleans (and refuses `IN (0, 1)` on them); SQLite needs the CHECK."""
    return bool(op.get_bind().dialect.supports_native_boolean)


def upgrade() -> None:
    with op.batch_alter_table("exam_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_mass_kg", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("impression", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("red_flags_screened", sa.Boolean(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_exam_versions_body_mass_kg_range"), "body_mass_kg BETWEEN 10 AND 400"
        )
        if not _native_boolean():
            batch_op.create_check_constraint(
                op.f("ck_exam_versions_red_flags_screened"), "red_flags_screened IN (0, 1)"
            )

    with op.batch_alter_table("injuries", schema=None) as batch_op:
        batch_op.alter_column("date", existing_type=sa.Date(), type_=sa.String(10), postgresql_using="date::text")
        batch_op.add_column(sa.Column("kind", _enum("kind", "injury", "surgery"), nullable=True))
        batch_op.create_check_constraint(op.f("ck_injuries_kind"), "kind = 'injury' OR kind = 'surgery'")

    with op.batch_alter_table("injury_structures", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_injury_structures_structure"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_injury_structures_structure"), _one_of("structure", _OLD_STRUCTURES + _NEW_STRUCTURES)
        )

    with op.batch_alter_table("symptoms", schema=None) as batch_op:
        batch_op.alter_column("onset", existing_type=sa.Date(), type_=sa.String(10), postgresql_using="onset::text")
        batch_op.add_column(sa.Column("quality", _enum("quality", *_QUALITIES), nullable=True))
        batch_op.create_check_constraint(op.f("ck_symptoms_quality"), _one_of("quality", _QUALITIES))

    with op.batch_alter_table("tests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("distance_cm", sa.Float(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_tests_distance_cm_range"), "distance_cm BETWEEN 0 AND 1000")

    side = ("left", "right")
    joint = ("hip", "knee")
    op.create_table(
        "link_reviews",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("source", _enum("source", *joint), nullable=False),
        sa.Column("target", _enum("target", *joint), nullable=False),
        sa.Column("mechanism", _enum("mechanism", "compensation", "alignment", "referred", "myofascial"), nullable=False),
        sa.Column("side", _enum("side", *side), nullable=False),
        sa.Column("source_side", _enum("source_side", *side), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decision", _enum("decision", "accepted", "rejected"), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("source <> target", name=op.f("ck_link_reviews_source_not_target")),
        sa.CheckConstraint(_one_of("source", joint), name=op.f("ck_link_reviews_source")),
        sa.CheckConstraint(_one_of("target", joint), name=op.f("ck_link_reviews_target")),
        sa.CheckConstraint(
            _one_of("mechanism", ("compensation", "alignment", "referred", "myofascial")),
            name=op.f("ck_link_reviews_mechanism"),
        ),
        sa.CheckConstraint(_one_of("side", side), name=op.f("ck_link_reviews_side")),
        sa.CheckConstraint(_one_of("source_side", side), name=op.f("ck_link_reviews_source_side")),
        sa.CheckConstraint(_one_of("decision", ("accepted", "rejected")), name=op.f("ck_link_reviews_decision")),
        sa.ForeignKeyConstraint(
            ["version_id"], ["exam_versions.id"], name=op.f("fk_link_reviews_version_id_exam_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "version_id", "source", "target", "mechanism", "side", "source_side", name=op.f("pk_link_reviews")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "issued_documents",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("kind", "summary", "letter"), nullable=False),
        sa.Column("letter_type", sa.Text(), nullable=True),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("issued_at", sa.String(20), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.CheckConstraint("trim(author) <> ''", name=op.f("ck_issued_documents_author_not_empty")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_issued_documents_sha256_length")),
        sa.CheckConstraint(_one_of("kind", ("summary", "letter")), name=op.f("ck_issued_documents_kind")),
        sa.ForeignKeyConstraint(
            ["version_id"], ["exam_versions.id"], name=op.f("fk_issued_documents_version_id_exam_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "position", name=op.f("pk_issued_documents")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("issued_documents")
    op.drop_table("link_reviews")
    with op.batch_alter_table("tests", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tests_distance_cm_range"), type_="check")
        batch_op.drop_column("distance_cm")
    with op.batch_alter_table("symptoms", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_symptoms_quality"), type_="check")
        batch_op.drop_column("quality")
        batch_op.alter_column("onset", existing_type=sa.String(10), type_=sa.Date(), postgresql_using="onset::date")
    with op.batch_alter_table("injury_structures", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_injury_structures_structure"), type_="check")
        batch_op.create_check_constraint(op.f("ck_injury_structures_structure"), _one_of("structure", _OLD_STRUCTURES))
    with op.batch_alter_table("injuries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_injuries_kind"), type_="check")
        batch_op.drop_column("kind")
        batch_op.alter_column("date", existing_type=sa.String(10), type_=sa.Date(), postgresql_using="date::date")
    with op.batch_alter_table("exam_versions", schema=None) as batch_op:
        if not _native_boolean():
            batch_op.drop_constraint(op.f("ck_exam_versions_red_flags_screened"), type_="check")
        batch_op.drop_constraint(op.f("ck_exam_versions_body_mass_kg_range"), type_="check")
        batch_op.drop_column("red_flags_screened")
        batch_op.drop_column("impression")
        batch_op.drop_column("body_mass_kg")

"""Course content in the platform administration: staff write lessons, questions and answers here for now.

Programmes, volunteers and their approval are changed only through the services (the coordinators' pages), which
check who acts and write the audit log; they are not registered here.
"""

from django import forms
from django.contrib import admin

from sammen.core.text_policy import TextRefused, check_text
from sammen.volunteering.models import Choice, Course, Lesson, Question


class TextPolicyForm(forms.ModelForm):
    """Course text goes through the text policy like every other typed text; ``multi_line`` names the fields
    that may have more than one line."""

    multi_line: frozenset[str] = frozenset()

    def clean(self):
        cleaned = super().clean()
        texts = {name: value for name, value in cleaned.items() if isinstance(value, str)}
        try:
            check_text(texts, multi_line=self.multi_line)
        except TextRefused as error:
            self.add_error(error.field, str(error))
        return cleaned


class CourseForm(TextPolicyForm):
    multi_line = frozenset({"introduction"})


class LessonForm(TextPolicyForm):
    multi_line = frozenset({"body"})


class QuestionForm(TextPolicyForm):
    multi_line = frozenset({"explanation"})


class LessonInline(admin.StackedInline):
    model = Lesson
    form = LessonForm
    extra = 0
    fields = ["position", "title", "body", "picture", "picture_text", "video_url", "pass_mark"]
    show_change_link = True


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionForm
    extra = 0
    fields = ["position", "text", "explanation"]
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = TextPolicyForm
    extra = 3
    fields = ["position", "text", "correct"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    form = CourseForm
    list_display = ["title", "created_at"]
    search_fields = ["title"]
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    form = LessonForm
    list_display = ["title", "course", "position", "pass_mark"]
    list_filter = ["course"]
    search_fields = ["title"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    list_display = ["text", "lesson", "position"]
    list_filter = ["lesson__course"]
    search_fields = ["text"]
    inlines = [ChoiceInline]

from django.urls import path

from tests.bench.peer import views

urlpatterns = [path("pool-entry/<int:order_id>/save", views.save)]

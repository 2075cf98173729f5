// Package payback projects when a pilot pays for itself: the annual
// benefit (stated, or built from drivers and a measured KPI), simple
// payback, the cumulative monthly net curve with a ramp, the fractional
// break-even month, NPV and discounted payback, three scenarios and a
// population what-if. It is pure: no I/O, standard library only.
//
// Every number it returns is finite. A model that never pays back answers
// with a null month, which is an answer and not an error.
package payback

package org.aquasurf.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Assertions on the PNG files the examples write. */
public final class Pngs {

    private Pngs() {}

    /** Asserts that {@code png} is a file that reads as an image of {@link Plots#DEFAULT}'s 800 x 600 pixels. */
    public static void assertDefaultSize(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "missing " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not an image");
        assertEquals(800, image.getWidth(), png.toString());
        assertEquals(600, image.getHeight(), png.toString());
    }
}
